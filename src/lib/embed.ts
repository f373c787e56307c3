/** JSON for a <script type="application/json"> element: "<" escaped so no value can close it. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
