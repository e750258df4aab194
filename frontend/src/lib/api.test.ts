import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError } from "./api";

function reply(status: number, body: unknown) {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = "es_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
});

describe("the API client", () => {
  it("echoes the CSRF cookie on writes but not on reads", async () => {
    document.cookie = "es_csrf=abc123";
    const fetchMock = reply(200, { ok: true });
    vi.stubGlobal("fetch", fetchMock);
    await api.post("/api/x", { a: 1 });
    await api.get("/api/y");
    const [, write] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const [, read] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect((write.headers as Record<string, string>)["X-CSRF-Token"]).toBe("abc123");
    expect((read.headers as Record<string, string>)["X-CSRF-Token"]).toBeUndefined();
    expect(write.body).toBe('{"a":1}');
  });

  it("turns error bodies into messages per field", async () => {
    vi.stubGlobal("fetch", reply(422, {
      error: { code: "invalid_input", message: "Please check.", details: { fields: [{ field: "text", message: "Too long." }] } },
    }));
    const error = (await api.post("/api/notes", {}).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("invalid_input");
    expect(error.fields).toEqual({ text: "Too long." });
  });

  it("reports an unreachable server plainly", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => { throw new TypeError("failed"); }));
    const error = (await api.get("/api/me").catch((e) => e)) as ApiError;
    expect(error.code).toBe("network");
  });
});
