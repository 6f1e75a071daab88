import { describe, expect, it } from "vitest";
import { renderCrdTypes } from "./crd-codegen.js";

const widgetCrd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Cluster
  names: { kind: Widget, listKind: WidgetList, plural: widgets }
  versions:
    - name: v1beta1
      served: true
      storage: false
      schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object, properties: { old: { type: string } } } } } }
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          required: [spec]
          properties:
            apiVersion: { type: string }
            kind: { type: string }
            metadata: { type: object }
            spec:
              type: object
              description: "What the widget should be.\\nSecond line, with a */ in it."
              required: [size]
              properties:
                size: { x-kubernetes-int-or-string: true, anyOf: [{ type: integer }, { type: string }] }
                mode: { type: string, enum: [Fast, Slow], default: Fast }
                labels: { type: object, additionalProperties: { type: string } }
                ports: { type: array, items: { type: integer, format: int32 } }
                sizes: { type: array, items: { x-kubernetes-int-or-string: true } }
                parts: { type: array, items: { type: object, required: [name], properties: { name: { type: string } } } }
                "dashed-key": { type: boolean }
                since: { type: string, format: date-time }
`;

describe("renderCrdTypes", () => {
  const output = renderCrdTypes([widgetCrd]);

  it("types the object and its list from the storage version, with client-node metadata", () => {
    expect(output).toContain('apiVersion: "example.com/v1";\nkind: "Widget";\nmetadata: V1ObjectMeta;');
    expect(output).toContain('kind: "WidgetList";\nmetadata: V1ListMeta;\nitems: Widget[];');
    expect(output).not.toContain("old");
  });

  it("marks required properties and leaves the rest optional", () => {
    expect(output).toContain("spec: WidgetSpec;");
    expect(output).toContain("size: string | number;");
    expect(output).toContain("mode?: WidgetSpecMode;");
  });

  it("maps enums, maps, arrays and nested objects to named or structural types", () => {
    expect(output).toContain('export type WidgetSpecMode = "Fast" | "Slow";');
    expect(output).toContain("labels?: Record<string, string>;");
    expect(output).toContain("ports?: number[];");
    expect(output).toContain("sizes?: (string | number)[];");
    expect(output).toContain("parts?: WidgetSpecPartsItem[];");
    expect(output).toContain("export interface WidgetSpecPartsItem {\nname: string;\n}");
    expect(output).toContain('"dashed-key"?: boolean;');
  });

  it("carries descriptions, formats and defaults into JSDoc without closing the comment early", () => {
    expect(output).toContain("/**\n * What the widget should be.\n * Second line, with a *\\/ in it.\n */");
    expect(output).toContain('/** @default "Fast" */\nmode?');
    expect(output).toContain("/** @format date-time */\nsince?: string;");
    expect(output).not.toContain("int32");
  });

  it("is deterministic", () => {
    expect(renderCrdTypes([widgetCrd])).toBe(output);
  });

  it("refuses an enum value that kubectl's YAML 1.1 would read as a boolean", () => {
    const trap = widgetCrd.replace("enum: [Fast, Slow]", 'enum: [Fast, "Off"]');
    expect(() => renderCrdTypes([trap])).toThrow(/WidgetSpecMode: enum value Off reads as a boolean/);
  });

  it("refuses two schema nodes that would share a type name", () => {
    const clash = widgetCrd.replace(
      '"dashed-key": { type: boolean }',
      '"parts-item": { type: object, properties: { name: { type: string } } }',
    );
    expect(() => renderCrdTypes([clash])).toThrow(/WidgetSpecPartsItem/);
  });
});
