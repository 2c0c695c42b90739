/**
 * Notices that say nothing about the source: Next asks CI machines (it checks `CI`) to keep
 * `.next/cache` between builds, and a clean clone never has one.
 */
const NOTICES = [/^.*No build cache found\b.*$/gm];

/**
 * The warning paragraphs of `next build`'s output: each paragraph (lines up to a blank line) that
 * names a warning, such as Turbopack's "Turbopack build encountered 1 warning:" followed by the
 * module and the message. Empty when the build was clean.
 */
export function buildWarnings(output) {
  const plain = NOTICES.reduce((text, notice) => text.replace(notice, ""), output.replace(/\x1b\[[0-9;]*m/g, ""));
  const paragraphs = plain.split(/\n\s*\n/);
  return paragraphs
    .filter((p) => /\bwarn(ing)?s?\b|⚠/i.test(p))
    .join("\n\n")
    .trim();
}
