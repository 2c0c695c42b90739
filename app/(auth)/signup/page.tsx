import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/shell/auth-card";
import { getCurrentUser } from "@/lib/auth/guards";
import { SignupForm } from "./signup-form";

export async function generateMetadata() {
  return { title: (await getTranslations("auth"))("signup") };
}

export default async function SignupPage() {
  if (await getCurrentUser()) redirect("/");
  const t = await getTranslations("auth");
  return (
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
  );
}
