import { describe, expect, it } from "vitest";
import { linksOf, skillsOf, skillsText } from "./profile-input";

describe("the freelancer profile's skills and links", () => {
  it("reads one skill a line with its level, 3 when none is given", () => {
    expect(skillsOf("kubernetes: 4\n\n  React 5 \nGo\nC#:2")).toEqual({
      skills: [
        { skill: "kubernetes", level: 4 },
        { skill: "React", level: 5 },
        { skill: "Go", level: 3 },
        { skill: "C#", level: 2 },
      ],
    });
  });

  it("names a line whose level is not 1 to 5", () => {
    expect(skillsOf("Go: 4\nRust: 9").bad).toBe("Rust: 9");
    expect(skillsOf("Go: 0").bad).toBe("Go: 0");
    expect(skillsOf(":4").bad).toBe(":4");
  });

  it("writes the skills back as the form reads them", () => {
    const text = skillsText([
      { name: "Kubernetes", level: 4 },
      { name: "Go", level: 3 },
    ]);
    expect(text).toBe("Kubernetes: 4\nGo: 3");
    expect(skillsOf(text).skills).toEqual([
      { skill: "Kubernetes", level: 4 },
      { skill: "Go", level: 3 },
    ]);
  });

  it("reads links one a line and names the first that is not https", () => {
    expect(linksOf(" https://a.example/x \n\nhttps://b.example")).toEqual({
      links: ["https://a.example/x", "https://b.example"],
    });
    expect(linksOf("https://a.example\nhttp://b.example").bad).toBe("http://b.example");
  });
});
