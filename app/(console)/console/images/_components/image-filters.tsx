import Form from "next/form";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { VERSION_STATUSES } from "@/db/enums";

/** Name and status filters: a GET form, so the filters live in the URL. */
export async function ImageFilters({ q, status, sort, dir }: { q: string; status?: string; sort: string; dir: string }) {
  const t = await getTranslations("images");
  return (
    <Form action="/console/images" role="search" className="flex flex-wrap items-end gap-3">
      <div className="w-64">
        <Input label={t("searchLabel")} name="q" type="search" defaultValue={q} placeholder={t("searchPlaceholder")} />
      </div>
      <div className="w-48">
        <Select
          label={t("statusFilter")}
          name="status"
          defaultValue={status ?? ""}
          placeholder={t("allStatuses")}
          options={VERSION_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
      </div>
      {sort !== "updated" && <input type="hidden" name="sort" value={sort} />}
      {dir !== "desc" && <input type="hidden" name="dir" value={dir} />}
      <Button type="submit" variant="secondary">
        {t("search")}
      </Button>
    </Form>
  );
}
