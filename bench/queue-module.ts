import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { bigintId } from "../core/db/columns";
import { onEvent } from "../core/events/handler";
import { defineModule } from "../core/kernel/module";

declare module "../core/events/catalog" {
  interface EventCatalog {
    "bench.item.touched.v1": { n: number };
  }
}

export const BENCH_EVENT = "bench.item.touched.v1";
export const BENCH_HANDLER = "bench.effect";
export const BENCH_EVENTS_QUEUE = "bench.events";

/**
 * One row per handled event. No unique key on the event: a second effect of the same event
 * would show as a second row instead of being absorbed, so the run can check exactly-once.
 */
@Entity()
export class BenchEffect {
  @PrimaryGeneratedColumn(bigintId)
  id: string;

  @Column(bigintId)
  eventId: string;
}

/** The smallest module with a durable event handler: what every module's handlers cost at least. */
export const benchModule = defineModule({
  name: "bench",
  description: "Benchmark: one event, one handler writing one row",
  entities: [BenchEffect],
  eventHandlers: [
    onEvent(BENCH_EVENT, "effect", async (event, { uow }) => {
      await uow.manager.insert(BenchEffect, { eventId: event.id });
    }),
  ],
});
