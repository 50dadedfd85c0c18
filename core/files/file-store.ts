import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TenantScope } from "../db/tenant-scope";
import { holds, type Principal } from "../graphql/context";
import { StoredFile } from "./stored-file.entity";

export interface FileMetadata {
  /** Shown to users and sent as the download's file name; never used as a path. */
  name: string;
  contentType: string;
  /** The permission needed to read the file; omit for files anyone of the tenant may read. */
  readPermission?: string | null;
  /** Refuse the content past this many bytes (FileTooLargeError); nothing is kept then. */
  maxBytes?: number;
}

/** Bytes on disk that no StoredFile row refers to yet. */
export interface PendingFile {
  readonly tenantId: string;
  readonly metadata: FileMetadata;
  readonly storageKey: string;
  readonly size: number;
  readonly sha256: string;
}

export type FileContent = Readable | AsyncIterable<Buffer | string> | Buffer | string;

export class FileTooLargeError extends Error {
  override name = "FileTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes.`);
  }
}

/** Counts and hashes the bytes going through, and stops the stream once they pass the limit. */
class Measure extends Transform {
  readonly hash = createHash("sha256");
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.size += bytes.length;
    if (this.size > this.maxBytes) return callback(new FileTooLargeError(this.maxBytes));
    this.hash.update(bytes);
    callback(null, bytes);
  }
}

/** Letters, digits and a few safe marks: a file name that cannot smuggle a path or a header. */
export function safeFileName(raw: string, fallback: string): string {
  const cleaned = raw
    .normalize("NFC")
    .replace(/[\\/]/g, "_")
    .replace(/[\p{Cc}\p{Cf}"]/gu, "")
    .trim()
    .slice(0, 255);
  return cleaned.length > 0 && cleaned !== "." && cleaned !== ".." ? cleaned : fallback;
}

/**
 * A tenant's files on local disk under FILE_STORAGE_DIR, one StoredFile row each. Bytes go to a
 * temporary file first and are renamed into place once complete, so a reader never sees half a
 * file; the storage key is generated (`<tenant>/<uuid>`), never derived from what a client sent.
 * Bytes whose row was never committed (a crash, a rolled-back transaction) are unreachable.
 */
export class FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Creates the storage directory if missing; called once at boot. */
  async init(): Promise<void> {
    await mkdir(join(this.root, ".tmp"), { recursive: true });
  }

  /** Streams `content` to disk and records it for the scope's tenant, in the scope's transaction if it has one. */
  async write(scope: TenantScope, metadata: FileMetadata, content: FileContent): Promise<StoredFile> {
    return this.record(scope, await this.put(scope.tenantId, metadata, content));
  }

  /**
   * Stores the bytes only. With `record`, lets a long stream (an export) be written before a
   * short transaction records the file together with whatever refers to it.
   */
  async put(tenantId: string, metadata: FileMetadata, content: FileContent): Promise<PendingFile> {
    const storageKey = `${tenantId}/${randomUUID()}`;
    const temporary = join(this.root, ".tmp", randomUUID());
    const measure = new Measure(metadata.maxBytes ?? Number.MAX_SAFE_INTEGER);
    const source = typeof content === "string" || Buffer.isBuffer(content) ? Readable.from([content]) : content;
    try {
      await mkdir(join(this.root, ".tmp"), { recursive: true });
      await pipeline(source, measure, createWriteStream(temporary, { flags: "wx" }));
      await mkdir(join(this.root, tenantId), { recursive: true });
      await rename(temporary, this.pathOfKey(storageKey));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { tenantId, metadata, storageKey, size: measure.size, sha256: measure.hash.digest("hex") };
  }

  /** The StoredFile row of bytes `put` stored; if it cannot be written, the bytes go too. */
  async record(scope: TenantScope, pending: PendingFile): Promise<StoredFile> {
    if (pending.tenantId !== scope.tenantId) throw new Error("A file's bytes and its row must belong to the same tenant.");
    try {
      return await scope.save(
        scope.create(StoredFile, {
          name: safeFileName(pending.metadata.name, "file"),
          contentType: pending.metadata.contentType,
          size: pending.size,
          sha256: pending.sha256,
          storageKey: pending.storageKey,
          readPermission: pending.metadata.readPermission ?? null,
        }),
      );
    } catch (error) {
      await rm(this.pathOfKey(pending.storageKey), { force: true });
      throw error;
    }
  }

  /** Deletes bytes `put` stored whose row will not be written after all (another writer won). */
  async discard(pending: PendingFile): Promise<void> {
    await rm(this.pathOfKey(pending.storageKey), { force: true });
  }

  /** The tenant's file by row id, or null. */
  find(scope: TenantScope, rowId: string): Promise<StoredFile | null> {
    return scope.findOneBy(StoredFile, { id: rowId });
  }

  /** Whether a principal may read the file's bytes (it is already known to be of their tenant). */
  canRead(principal: Principal, file: StoredFile): boolean {
    return file.readPermission === null || holds(principal, file.readPermission);
  }

  /** The bytes, streamed from disk. */
  open(file: StoredFile): Readable {
    return createReadStream(this.pathOf(file));
  }

  /** Where the bytes are on this machine (for operators' tools such as the import CLI). */
  pathOf(file: StoredFile): string {
    return this.pathOfKey(file.storageKey);
  }

  /** Deletes the row in the scope's transaction; the bytes go once it has committed (`afterCommit`). */
  async remove(scope: TenantScope, file: StoredFile, afterCommit: (callback: () => Promise<void>) => void): Promise<void> {
    await scope.remove(file);
    const path = this.pathOfKey(file.storageKey);
    afterCommit(() => rm(path, { force: true }));
  }

  private pathOfKey(storageKey: string): string {
    const path = resolve(this.root, storageKey);
    // Keys are generated, but a row edited by hand must still not reach outside the store.
    const inside = relative(this.root, path);
    if (inside.startsWith("..") || isAbsolute(inside)) throw new Error(`Storage key '${storageKey}' leaves the file store.`);
    return path;
  }
}
