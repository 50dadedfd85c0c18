import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Router, type Request } from "express";

export interface IdeOptions {
  graphqlPath: string;
  subscriptionsPath: string;
}

interface Asset {
  type: string;
  body: Buffer;
  /** Goes into the asset URL so the year-long immutable cache still picks up upgrades. */
  hash: string;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/** Lives in its own file so the CSP needs no inline script; endpoints come from data- attributes. */
const BOOT = `"use strict";
(function () {
  var root = document.getElementById("graphiql");
  var url = new URL(root.dataset.graphqlPath, location.href);
  var subscriptionUrl = new URL(root.dataset.subscriptionsPath, location.href);
  subscriptionUrl.protocol = subscriptionUrl.protocol === "https:" ? "wss:" : "ws:";
  var fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });
  ReactDOM.createRoot(root).render(
    // Tokens pasted into the headers editor stay out of localStorage.
    React.createElement(GraphiQL, { fetcher: fetcher, isHeadersEditorEnabled: true, shouldPersistHeaders: false }),
  );
})();
`;

// react's and react-dom's `exports` hide umd/, so resolve each package.json and join from there.
function packageFile(pkg: string, file: string): () => Buffer {
  return () => readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
}

const SOURCES: Record<string, [type: string, read: () => Buffer]> = {
  "react.js": [JS, packageFile("react", "umd/react.production.min.js")],
  "react-dom.js": [JS, packageFile("react-dom", "umd/react-dom.production.min.js")],
  "graphiql.js": [JS, packageFile("graphiql", "graphiql.min.js")],
  "graphiql.css": [CSS, packageFile("graphiql", "graphiql.min.css")],
  "boot.js": [JS, () => Buffer.from(BOOT)],
};

let loaded: Map<string, Asset> | undefined;

/** About 4 MB, read on first use rather than at import so processes without the IDE never pay for it. */
function assets(): Map<string, Asset> {
  loaded ??= new Map(
    Object.entries(SOURCES).map(([name, [type, read]]) => {
      const body = read();
      return [name, { type, body, hash: createHash("sha256").update(body).digest("base64url").slice(0, 16) }];
    }),
  );
  return loaded;
}

function escapeAttr(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Host names and ports only: anything else could smuggle extra directives into the header.
const SAFE_HOST = /^[A-Za-z0-9.\-[\]:]+$/;

function contentSecurityPolicy(req: Request): string {
  // Older Firefox and Safari don't let 'self' cover ws:/wss:, so the socket origins are spelled out.
  const host: string | undefined = req.host;
  const sockets = host !== undefined && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'none'",
    "script-src 'self'",
    // GraphiQL sets style attributes and its dialogs inject <style> tags, which no nonce can cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function page(base: string, options: IdeOptions): string {
  const all = assets();
  const src = (name: string): string => escapeAttr(`${base}/assets/${name}?v=${all.get(name)?.hash ?? ""}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL IDE</title>
<link rel="stylesheet" href="${src("graphiql.css")}">
</head>
<body style="margin:0">
<div id="graphiql" style="height:100vh" data-graphql-path="${escapeAttr(options.graphqlPath)}" data-subscriptions-path="${escapeAttr(options.subscriptionsPath)}"></div>
<script src="${src("react.js")}"></script>
<script src="${src("react-dom.js")}"></script>
<script src="${src("graphiql.js")}"></script>
<script src="${src("boot.js")}"></script>
</body>
</html>
`;
}

/** GraphiQL served entirely from this process: no CDN, so it works offline and under a strict CSP. */
export function createIdeRouter(options: IdeOptions): Router {
  const router = Router();

  router.get("/", (req, res) => {
    res
      .set({
        "Content-Type": "text/html; charset=utf-8",
        // The page names content hashes, so it must be revalidated to see an upgrade.
        "Cache-Control": "no-cache",
        "Content-Security-Policy": contentSecurityPolicy(req),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      })
      // baseUrl is the mount path, so asset links work for both /ide and /ide/.
      .send(page(req.baseUrl, options));
  });

  router.get("/assets/:name", (req, res, next) => {
    const asset = assets().get(req.params.name);
    if (asset === undefined) {
      next();
      return;
    }
    res
      .set({
        "Content-Type": asset.type,
        "Cache-Control": "public, max-age=31536000, immutable",
        // Set up front so Express skips hashing megabytes on every send.
        ETag: `"${asset.hash}"`,
        "X-Content-Type-Options": "nosniff",
      })
      .send(asset.body);
  });

  return router;
}
