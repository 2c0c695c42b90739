"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/action-result";

/** A row's one action behind a confirmation (cancel an order, mark it paid); texts come translated. */
export function ConfirmActionButton({
  action,
  label,
  title,
  message,
  cancelLabel,
  done,
  variant = "secondary",
}: {
  action: () => Promise<ActionResult>;
  label: string;
  title: string;
  message: string;
  cancelLabel: string;
  done: string;
  variant?: ButtonProps["variant"];
}) {
  const tErrors = useTranslations("errors");
  const toast = useToast();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button size="sm" variant={variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        title={title}
        message={message}
        confirmLabel={label}
        cancelLabel={cancelLabel}
        pending={pending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          startTransition(async () => {
            const result = await action();
            setOpen(false);
            if (!result.ok) return toast.show(tErrors(result.message, result.params), "error");
            toast.show(done);
            router.refresh();
          })
        }
      />
    </>
  );
}
