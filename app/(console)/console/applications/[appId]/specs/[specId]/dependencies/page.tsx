import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadSpec as load, type SpecPageProps as Props } from "../load-spec";

export async function generateMetadata(props: Props) {
  const { spec } = await load(props);
  return { title: `${spec.name} · ${(await getTranslations("dependencies"))("title")}` };
}

/** The stored graph, read-only, until the canvas editor (its own issue) replaces this page. */
export default async function DependenciesPage(props: Props) {
  const { spec, application } = await load(props);
  const t = await getTranslations("dependencies");
  const names = new Map(spec.graph.nodes.map((n) => [n.id, n.name || n.id]));
  const cell = "px-4 py-2 text-left";

  return (
    <section className="space-y-6">
      <p className="text-sm">
        <Link href={`/console/applications/${application.id}?tab=specs`} className="text-blue-700 hover:underline">
          ← {application.name}
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-semibold">{t("heading", { name: spec.name })}</h1>
        <p className="mt-2 max-w-3xl rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-800">{t("editorComing")}</p>
      </div>
      {spec.unresolvedImages.length > 0 && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {t("unresolved", { images: spec.unresolvedImages.join(", ") })}
        </p>
      )}
      {spec.graph.nodes.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-slate-600">{t("empty")}</p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <table aria-label={t("resources")} className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="px-4 py-2 text-left font-medium">{t("resources")}</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className={cell}>{t("id")}</th>
                <th scope="col" className={cell}>{t("type")}</th>
                <th scope="col" className={cell}>{t("properties")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {spec.graph.nodes.map((n) => (
                <tr key={n.id}>
                  <td className={cell}>{n.name ? `${n.name} (${n.id})` : n.id}</td>
                  <td className={cell}>{t(`types.${n.type}`)}</td>
                  <td className={cell}>
                    <code className="text-xs break-all">{JSON.stringify(n.properties)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label={t("edges")} className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="px-4 py-2 text-left font-medium">{t("edges")}</caption>
            <tbody className="divide-y divide-slate-100">
              {spec.graph.edges.length === 0 && (
                <tr>
                  <td className={cell}>{t("noEdges")}</td>
                </tr>
              )}
              {spec.graph.edges.map((e) => (
                <tr key={`${e.from}->${e.to}`}>
                  <td className={cell}>{t("dependsOn", { from: names.get(e.from) ?? e.from, to: names.get(e.to) ?? e.to })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
