import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guards";
import { listProducts } from "@/lib/devices/queries";
import { ProductForm } from "./product-form";
import { ListTable } from "@/components/ui/list-table";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("devices"))("tabProducts") };
}

/** 所属产品: a buyer has a handful, so one unpaged table. */
export default async function ProductsPage() {
  const user = await requireRole("buyer");
  const t = await getTranslations("devices");
  const format = await getFormatter();
  const products = listProducts(user);
  return (
    <ClientMessages namespaces={["devices", "errors"]}>
      <div className="space-y-6">
        <ProductForm />
        <ListTable
          label={t("productsLabel")}
          headers={["productId", "productName", "protocol", "deviceType", "manufacturer", "created"].map((key) => t(key))}
          empty={products.length === 0 ? t("productsEmpty") : null}
        >
          {products.map((p) => (
            <tr key={p.id}>
              <td className="px-4 py-3">
                <code className="text-xs">{p.id}</code>
              </td>
              <td className="px-4 py-3">{p.name}</td>
              <td className="px-4 py-3">{t(`protocols.${p.protocol}`)}</td>
              <td className="px-4 py-3">{p.deviceType}</td>
              <td className="px-4 py-3">{p.manufacturer}</td>
              <td className="px-4 py-3">
              <time dateTime={p.createdAt.toISOString()}>{format.dateTime(p.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
            </td>
            </tr>
          ))}
        </ListTable>
      </div>
    </ClientMessages>
  );
}
