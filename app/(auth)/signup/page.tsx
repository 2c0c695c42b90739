import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/shell/auth-card";
import { getCurrentUser } from "@/lib/auth/guards";
import { SignupForm } from "./signup-form";
import { ClientMessages } from "@/components/shell/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("auth"))("signup") };
}

export default async function SignupPage() {
  if (await getCurrentUser()) redirect("/");
  const t = await getTranslations("auth");
  return (
    <ClientMessages namespaces={["auth", "errors"]}>
      <AuthCard
        title={t("signupTitle")}
        footer={
          <>
            {t("haveAccount")}{" "}
            <Link href="/login" className="font-medium text-blue-700 hover:underline">
              {t("login")}
            </Link>
          </>
        }
      >
        <SignupForm />
      </AuthCard>
    </ClientMessages>
  );
}
