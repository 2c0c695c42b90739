import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, toLocale } from "./config";

// Times are shown in the server's zone (set TZ to change it), the same on server and client. Read
// once: resolving it costs about 0.3 ms, which every page paid.
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

// No locale in the URL: the UI language is a remembered preference (cookie), zh-CN by default.
export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return {
    locale,
    messages: (await import(`./messages/${locale}.json`)).default,
    timeZone,
  };
});
