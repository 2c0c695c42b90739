import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/guards";
import { listProducts } from "@/lib/devices/queries";
import { ProductForm } from "./product-form";

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
    <div className="space-y-6">
      <ProductForm />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label={t("productsLabel")} className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {["productId", "productName", "protocol", "deviceType", "manufacturer", "created"].map((key) => (
                <th key={key} scope="col" className="px-4 py-3 font-medium">
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {products.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-4 py-10 text-center text-slate-500">
                  {t("productsEmpty")}
                </td>
              </tr>
            ) : (
              products.map((p) => (
                <tr key={p.id}>
                  <td className="px-4 py-3">
                    <code className="text-xs">{p.id}</code>
                  </td>
                  <td className="px-4 py-3">{p.name}</td>
                  <td className="px-4 py-3">{t(`protocols.${p.protocol}`)}</td>
                  <td className="px-4 py-3">{p.deviceType}</td>
                  <td className="px-4 py-3">{p.manufacturer}</td>
                  <td className="px-4 py-3">{format.dateTime(p.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
