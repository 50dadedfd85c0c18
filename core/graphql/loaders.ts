import DataLoader from "dataloader";
import type { RequestContext } from "./context";

/**
 * Typed names of the per-request loaders. Core and modules add theirs by declaration merging:
 *   declare module "../../core/graphql/loaders" { interface LoaderMap { "sfa.opportunitiesByContact": DataLoader<string, Opportunity[]> } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LoaderMap {}

type AnyLoader = DataLoader<unknown, unknown>;

export type LoaderFactory<L = AnyLoader> = (context: RequestContext) => L;

export type LoaderFactories = { readonly [K in keyof LoaderMap]?: LoaderFactory<LoaderMap[K]> } & {
  readonly [key: string]: LoaderFactory<unknown> | undefined;
};

/**
 * One request's loaders, created on first use. A loader's cache lives only as long as its
 * request, so it can never serve one principal's rows to another.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, unknown>();
  private context: RequestContext | undefined;

  constructor(private readonly factories: ReadonlyMap<string, LoaderFactory<unknown>>) {}

  bind(context: RequestContext): void {
    this.context = context;
  }

  get<K extends keyof LoaderMap & string>(key: K): LoaderMap[K] {
    const factory = this.factories.get(key);
    if (!factory) throw new Error(`No loader '${key}' is registered (is its module enabled?)`);
    return this.getOrCreate(key, () => factory(this.context!) as LoaderMap[K]);
  }

  /** For loaders keyed by a parameter (e.g. one per node type) that a factory table cannot name. */
  getOrCreate<L>(key: string, create: () => L): L {
    let loader = this.loaders.get(key) as L | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(key, loader);
    }
    return loader;
  }
}
