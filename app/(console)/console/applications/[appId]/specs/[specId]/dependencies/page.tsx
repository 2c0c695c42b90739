import { BackLink } from "@/components/shell/back-link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shell/page-header";
import { listReadyDockerRefs } from "@/lib/images/queries";
import { loadSpec as load, type SpecPageProps as Props } from "../load-spec";
import { CanvasEditor } from "./_components/canvas-editor";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata(props: Props) {
  const { spec } = await load(props);
  return { title: `${spec.name} · ${(await getTranslations("dependencies"))("title")}` };
}

/** 依赖配置: the canvas where the ISV draws what the spec installs; a workspace the window's width, heading included. */
export default async function DependenciesPage(props: Props) {
  const { spec, application, user } = await load(props);
  const t = await getTranslations("dependencies");
  return (
    <ClientMessages namespaces={["dependencies", "errors", "graphProblems", "specs"]}>
      <section data-wide className="space-y-4">
        <BackLink href={`/console/applications/${application.id}?tab=specs`}>{application.name}</BackLink>
        <PageHeader title={t("heading", { name: spec.name })} intro={t("intro")} />
        <CanvasEditor specId={spec.id} initialGraph={spec.graph} initialStatus={spec.status} images={listReadyDockerRefs(user.id)} />
      </section>
    </ClientMessages>
  );
}
