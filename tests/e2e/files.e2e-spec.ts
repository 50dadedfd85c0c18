import { createHash } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { TenantScope } from "../../core/db/tenant-scope";
import { FileTooLargeError } from "../../core/files/file-store";
import type { StoredFile } from "../../core/files/stored-file.entity";
import { toGlobalId } from "../../core/graphql/relay/global-id";
import { StoredFileNodeDocument } from "../../schema/generated/graphql";
import { download } from "../harness/data-transfer";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

describe("file store", () => {
  let app: TestApp;
  const member = (tenantId: string, permissions: string[] = []) => tokenFor({ tenantId, permissions });
  const scopeOf = (tenantId: string) => new TenantScope(app.services.dataSource.manager, tenantId);

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  async function store(tenantId: string, name: string, content: string | Buffer | Readable, readPermission: string | null = null): Promise<StoredFile> {
    return app.services.files.write(scopeOf(tenantId), { name, contentType: "text/plain; charset=utf-8", readPermission }, content);
  }

  it("keeps bytes under a generated key, never under the name a client gave", async () => {
    const file = await store("1", '../../etc/passwd "quoted"\u0007.txt', "hello, world\n");
    const [row] = await app.query<Record<string, unknown>>("SELECT name, content_type, size, sha256, storage_key FROM stored_file WHERE id = ?", [file.id]);
    expect(row).toEqual({
      name: ".._.._etc_passwd quoted.txt",
      content_type: "text/plain; charset=utf-8",
      size: "13",
      sha256: createHash("sha256").update("hello, world\n").digest("hex"),
      storage_key: expect.stringMatching(/^1\/[0-9a-f-]{36}$/),
    });
    const onDisk = await stat(join(app.config.FILE_STORAGE_DIR, String(row!.storage_key)));
    expect(onDisk.size).toBe(13);
  });

  it("serves a file to its tenant with its type, name and checksum, streamed", async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7, "abcdefgh");
    const file = await store("1", "Résumé 2026.txt", Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    const response = await download(app, member("1"), file.downloadUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="R?sum? 2026.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.txt`);
    expect(response.headers.get("etag")).toBe(`"${createHash("sha256").update(bytes).digest("hex")}"`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.body.equals(bytes)).toBe(true);
  });

  it("answers 404 for another tenant's file, an unknown id and a malformed one, and 401 without a principal", async () => {
    const file = await store("1", "secret.txt", "mine");
    expect((await download(app, member("2"), file.downloadUrl)).status).toBe(404);
    expect((await download(app, member("1"), `/files/${toGlobalId("StoredFile", "999999")}`)).status).toBe(404);
    expect((await download(app, member("1"), `/files/${toGlobalId("User", file.id)}`)).status).toBe(404);
    expect((await download(app, member("1"), "/files/not-an-id")).status).toBe(404);
    const anonymous = await download(app, null, file.downloadUrl);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toEqual({ errors: [{ message: "Authentication required.", extensions: { code: "UNAUTHENTICATED" } }] });
  });

  it("keeps a file with a read permission from those of its tenant who lack it, on download and through node(id:)", async () => {
    const file = await store("1", "archive.json", "{}", "gdpr.manage");
    expect((await download(app, member("1", ["contacts.read"]), file.downloadUrl)).status).toBe(403);
    expect((await download(app, member("1", ["gdpr.manage"]), file.downloadUrl)).status).toBe(200);
    expect((await download(app, tokenFor({ tenantId: "1", admin: true }), file.downloadUrl)).status).toBe(200);

    const id = toGlobalId("StoredFile", file.id);
    expect((await app.client.as(member("1", ["contacts.read"])).data(StoredFileNodeDocument, { id })).node).toBeNull();
    expect((await app.client.as(member("2", ["gdpr.manage"])).data(StoredFileNodeDocument, { id })).node).toBeNull();
    expect((await app.client.as(member("1", ["gdpr.manage"])).data(StoredFileNodeDocument, { id })).node).toMatchObject({
      id,
      name: "archive.json",
      size: 2,
      downloadUrl: `/files/${id}`,
    });
  });

  it("refuses content past its size limit and keeps nothing of it", async () => {
    const before = await app.query("SELECT id FROM stored_file");
    await expect(
      app.services.files.write(scopeOf("1"), { name: "big.bin", contentType: "application/octet-stream", maxBytes: 1_000 }, Readable.from([Buffer.alloc(600), Buffer.alloc(600)])),
    ).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await app.query("SELECT id FROM stored_file")).toEqual(before);
    expect(await readdir(join(app.config.FILE_STORAGE_DIR, ".tmp"))).toEqual([]);
  });

  it("removes a file's row with its transaction and its bytes after the commit", async () => {
    const file = await store("1", "soon-gone.txt", "soon gone");
    const { id, downloadUrl } = { id: file.id, downloadUrl: file.downloadUrl };
    const path = app.services.files.pathOf(file);
    const afterCommit: (() => Promise<void>)[] = [];
    await app.services.files.remove(scopeOf("1"), file, (callback) => afterCommit.push(callback));
    expect(await app.query("SELECT id FROM stored_file WHERE id = ?", [id])).toEqual([]);
    await stat(path);
    await Promise.all(afterCommit.map((callback) => callback()));
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
    expect((await download(app, member("1"), downloadUrl)).status).toBe(404);
  });

  it("fails loudly, not with an empty 200, when a row's bytes are missing", async () => {
    const file = await store("1", "lost.txt", "lost");
    await rm(app.services.files.pathOf(file));
    const response = await download(app, member("1"), file.downloadUrl);
    expect(response.status).toBe(500);
    expect(response.json()).toMatchObject({ errors: [{ extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  });
});
