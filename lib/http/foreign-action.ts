// Server actions posted from another website. Next refuses them itself, but by throwing, which
// answers 500 and logs an error; the proxy answers them first with a 403 in the actions' shape.
import { parse as parseCookies } from "cookie";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/config";
import en from "@/lib/i18n/messages/en.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import { originMatchesHost } from "./origin";

const MESSAGES = { en: en.errors.foreignOrigin, "zh-CN": zhCN.errors.foreignOrigin };

/**
 * A 403 `{ ok: false, message }` (ActionResult's failure, in the visitor's language) for a server
 * action whose Origin names another host than the one addressed; null for everything else. Called
 * for pages only (the proxy's matcher), where every POST is a server action: with the Next-Action
 * header, or a plain form post (no JavaScript) that names the action in its fields. Like Next's own
 * check, a request without Origin is let through (Next decides).
 */
export function foreignServerAction(request: Request): Response | null {
  if (request.method !== "POST") return null;
  if (originMatchesHost(request.headers) !== false) return null;
  const locale = toLocale(parseCookies(request.headers.get("cookie") ?? "")[LOCALE_COOKIE]);
  return Response.json({ ok: false, message: MESSAGES[locale] }, { status: 403 });
}
