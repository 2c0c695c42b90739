import { describe, expect, it } from "vitest";
import { INTRO_IMAGES_MAX, MEDIA_LIMITS, mediaAccept, mediaFileProblem, mediaProblem, sniffImage } from "@/lib/reviews/media-limits";
import { makeJpeg, makePng, SVG } from "../support/png";

// The checks the submit wizard runs as a file is chosen: the same function the server's
// image-check.ts calls first, so both refuse the same files with the same keys.

describe("listing image checks shared by the wizard and the server", () => {
  it("tells PNG and JPEG by their first bytes, whatever the file is called", () => {
    expect(sniffImage(makePng())).toBe("image/png");
    expect(sniffImage(makeJpeg())).toBe("image/jpeg");
    expect(sniffImage(SVG)).toBeNull();
    expect(sniffImage(Buffer.from("GIF89a\x01\x00\x01\x00"))).toBeNull();
    expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e]))).toBeNull(); // a cut PNG signature
  });

  it.each([
    ["an empty file", "intro", Buffer.alloc(0), 0, "fileEmpty"],
    ["a logo one byte over its limit", "logo", makePng(), MEDIA_LIMITS.logo.maxBytes + 1, "logoTooLarge"],
    ["a JPEG as logo", "logo", makeJpeg(), 1000, "logoNotPng"],
    ["an SVG showcase", "showcase", SVG, SVG.length, "mediaNotImage"],
    ["a GIF intro image", "intro", Buffer.from("GIF89a\x01\x00\x01\x00"), 10, "mediaNotImage"],
    ["a showcase over its limit", "showcase", makeJpeg(), MEDIA_LIMITS.showcase.maxBytes + 1, "mediaTooLarge"],
  ] as const)("refuses %s", (_, kind, head, size, key) => {
    expect(mediaProblem(kind, size, head)).toBe(key);
  });

  it("passes a PNG logo at its limit and JPEG showcase and intro images", () => {
    expect(mediaProblem("logo", MEDIA_LIMITS.logo.maxBytes, makePng())).toBeNull();
    expect(mediaProblem("showcase", 5000, makeJpeg())).toBeNull();
    expect(mediaProblem("intro", MEDIA_LIMITS.intro.maxBytes, makeJpeg())).toBeNull();
  });

  it("reads a chosen file's size and first bytes as the browser has them", async () => {
    expect(await mediaFileProblem("logo", new Blob([new Uint8Array(makePng(4, 3, MEDIA_LIMITS.logo.maxBytes + 1))]))).toBe("logoTooLarge");
    expect(await mediaFileProblem("intro", new Blob(["plain text, called intro.png"], { type: "image/png" }))).toBe("mediaNotImage");
    expect(await mediaFileProblem("intro", new Blob([new Uint8Array(makeJpeg())]))).toBeNull();
  });

  it("offers the picker the allowed types, and allows several intro images", () => {
    expect(mediaAccept("logo")).toBe("image/png");
    expect(mediaAccept("showcase")).toBe("image/png,image/jpeg");
    expect(INTRO_IMAGES_MAX).toBeGreaterThan(1);
  });
});
