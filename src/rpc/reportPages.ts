/**
 * What the devnet shows a browser: `/` lists the latest blocks, `/block/<number>` draws one
 * block's conflict report. JSON-RPC is untouched: it is POSTed, and a GET / that does not ask
 * for HTML (curl, health checks) still gets the short text.
 */
import type { Devnet } from "../devnet/Devnet.js";
import { renderBlockListHtml } from "../devnet/report/renderBlockListHtml.js";
import { renderMinedBlockHtml } from "../devnet/report/renderMinedBlockHtml.js";
import { escapeHtml, htmlPage } from "../parallel/report/html/htmlPage.js";
import type { PageSource } from "./server.js";

/**
 * The report pages of `devnet`, for startServer's `pages`.
 * @example
 * await startServer({ host, port, handler, pages: reportPages(devnet) });
 */
export function reportPages(devnet: Devnet): PageSource {
  return async (path) => {
    if (path === "/") return { status: 200, html: renderBlockListHtml(devnet) };
    const match = /^\/block\/(\d{1,20})\/?$/.exec(path);
    if (match === null) return undefined;
    const number = BigInt(match[1] as string);
    const mined = devnet.chain.byNumber(number);
    if (mined === undefined) {
      const text = `Block ${number} is past the head (block ${devnet.chain.height}).`;
      return {
        status: 404,
        html: htmlPage({
          title: "No such block",
          body: `<nav><a href="/">← blocks</a></nav><p>${escapeHtml(text)}</p>`,
        }),
      };
    }
    return { status: 200, html: await renderMinedBlockHtml(devnet, mined) };
  };
}
