import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { Application, Spec } from "@/db/schema";
import { getListingOfApplication, listReviewHistory } from "@/lib/reviews/queries";

/** The review tab: whether the application can be submitted now, its listing, and every decision so far. */
export async function ReviewPanel({ ownerId, app, specs }: { ownerId: string; app: Application; specs: Spec[] }) {
  const t = await getTranslations("reviews");
  const tApps = await getTranslations("applications");
  const format = await getFormatter();
  const history = listReviewHistory(ownerId, app.id);
  const listing = getListingOfApplication(app.id);
  const pending = history.some((h) => h.submission.status === "pending");
  const tested = specs.some((s) => s.status === "tested" || s.status === "listed");
  return (
    <div className="max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        {pending ? (
          <p>{t("pendingNote")}</p>
        ) : tested ? (
          <Link href={`/console/applications/${app.id}/submit`} className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700">
            {/* Once listed, a submission is an update of the listing; after a rejection, another try. */}
            {t(listing ? "submitUpdate" : history.length ? "resubmit" : "submit")}
          </Link>
        ) : (
          <p>{t("needTestedSpec")}</p>
        )}
        {listing && (
          <Link href={`/market/${listing.id}`} className="text-blue-700 hover:underline">
            {t("viewListing")}
          </Link>
        )}
      </div>
      {history.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-slate-600">{tApps("reviewEmpty")}</p>
      ) : (
        <ol aria-label={t("history")} className="space-y-3">
          {history.map(({ submission: s, decidedBy }) => (
            <li key={s.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <p className="font-medium">
                {t(`statuses.${s.status}`)} · {s.material.name}
              </p>
              <p className="text-slate-500">
                {t("submittedAt", { at: format.dateTime(s.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}
                {s.decidedAt &&
                  ` · ${t("decidedAt", { at: format.dateTime(s.decidedAt, { dateStyle: "medium", timeStyle: "short" }), who: decidedBy ?? "—" })}`}
              </p>
              {s.reasons.length > 0 && (
                <ul className="mt-2 list-disc pl-5 text-red-700">
                  {s.reasons.map((r) => (
                    <li key={r}>{t(`reasons.${r}`)}</li>
                  ))}
                </ul>
              )}
              {s.comment && <p className="mt-2 whitespace-pre-wrap">{s.comment}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
