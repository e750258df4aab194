import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { checkProject, errorsFrom, isDate } from "./forms";

describe("form checks", () => {
  it("accepts only real calendar dates", () => {
    expect(isDate("2026-02-28")).toBe(true);
    expect(isDate("2026-02-30")).toBe(false);
    expect(isDate("28-02-2026")).toBe(false);
  });

  it("checks a project's name, deadline and milestones before asking the server", () => {
    expect(checkProject({ name: "Study", deadline: "2026-12-01", milestones: [{ title: "Workshop", date: "2026-11-01" }] })).toEqual({});
    expect(checkProject({
      name: " ", deadline: "2026-12-01",
      milestones: [{ title: "", date: "" }, { title: "Late", date: "2027-01-05" }, { title: "", date: "2026-10-01" }],
    })).toEqual({
      name: "Required.",
      "milestones.1.date": "This milestone falls after the deadline.",
      "milestones.2.title": "Required.",
    });
  });

  it("puts server messages next to the fields a form has, and the rest above its buttons", () => {
    const error = new ApiError(422, "invalid_input", "Please check.", {
      fields: [{ field: "title", message: "Too long." }, { field: "note_ids", message: "Unknown note." }],
    });
    expect(errorsFrom(error, ["title"])).toEqual({ fields: { title: "Too long." }, form: "note_ids: Unknown note." });
    expect(errorsFrom(new ApiError(409, "conflict", "Taken.", {}), ["title"])).toEqual({ fields: {}, form: "Taken." });
  });
});
