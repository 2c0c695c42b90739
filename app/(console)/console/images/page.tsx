import { getTranslations } from "next-intl/server";
import { listHref } from "@/lib/list-url";
import { PageHeader } from "@/components/shell/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requireRole } from "@/lib/auth/guards";
import { listImages } from "@/lib/images/queries";
import { imageListQuerySchema, type ImageListQuery } from "@/lib/images/schema";
import { ImageFilters } from "./_components/image-filters";
import { ImagesTable } from "./_components/images-table";
import { UploadPanel } from "./_components/upload-panel";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("images"))("title") };
}

function hrefWith(query: ImageListQuery, change: Partial<ImageListQuery>): string {
  return listHref("/console/images", { ...query, ...change }, { sort: "updated", dir: "desc" });
}

export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const user = await requireRole("isv");
  const query = imageListQuerySchema.parse(await searchParams);
  const page = listImages(user.id, query);
  const t = await getTranslations("images");
  const filtered = Boolean(query.q || query.status);
  const sortHrefs = Object.fromEntries(
    (["name", "updated", "size"] as const).map((sort) => [
      sort,
      hrefWith(query, { sort, dir: query.sort === sort && query.dir === "desc" ? "asc" : "desc", page: 1 }),
    ]),
  );

  return (
    <ClientMessages namespaces={["errors", "fileDrop", "imageErrors", "images"]}>
      <section className="space-y-6">
        <PageHeader title={t("title")} intro={t("intro")} />
        <UploadPanel />
        <ImageFilters q={query.q} status={query.status} sort={query.sort} dir={query.dir} />
        <ImagesTable
          images={page.images.map((image) => ({
            ...image,
            updatedAt: image.updatedAt?.toISOString() ?? null,
            versions: image.versions.map((v) => ({
              ...v,
              createdAt: v.createdAt.toISOString(),
              updatedAt: v.updatedAt.toISOString(),
              interrupted: v.interrupted && { expiresAt: v.interrupted.expiresAt.toISOString() },
            })),
          }))}
          sort={query.sort}
          dir={query.dir}
          sortHrefs={sortHrefs}
          empty={filtered ? t("noMatch") : t("empty")}
        />
        {page.total > 0 && (
          <Pagination
            page={query.page}
            hasNext={query.page < page.pageCount}
            hrefFor={(p) => hrefWith(query, { page: p })}
            label={t("pagination")}
            status={t("pageOf", { page: query.page, pageCount: page.pageCount, total: page.total })}
            previous={t("previous")}
            next={t("next")}
          />
        )}
      </section>
    </ClientMessages>
  );
}
