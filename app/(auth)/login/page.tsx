import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/shell/auth-card";
import { getCurrentUser } from "@/lib/auth/guards";
import { safeCallbackUrl } from "@/lib/auth/redirects";
import { LoginForm } from "./login-form";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("auth"))("login") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl) ?? undefined;
  if (await getCurrentUser()) redirect(callbackUrl ?? "/");
  const t = await getTranslations("auth");
  return (
    <ClientMessages namespaces={["auth", "errors"]}>
      <AuthCard
        title={t("login")}
        footer={
          <>
            {t("noAccount")}{" "}
            <Link href="/signup" className="font-medium text-blue-700 hover:underline">
              {t("signup")}
            </Link>
          </>
        }
      >
        <LoginForm callbackUrl={callbackUrl} />
      </AuthCard>
    </ClientMessages>
  );
}
