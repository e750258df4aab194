// A small hash router: the server only ever serves index.html, the hash says which page is open.

export interface Route {
  name: string;
  params: Record<string, string>;
}

const PATTERNS: [string, RegExp][] = [
  ["workspace", /^\/w\/(?<workspaceId>\d+)$/],
  ["project", /^\/p\/(?<projectId>\d+)$/],
  ["evidence", /^\/p\/(?<projectId>\d+)\/evidence$/],
  ["persona", /^\/persona\/(?<personaId>\d+)$/],
  ["map", /^\/m\/(?<mapId>\d+)$/],
  ["invite", /^\/invite\/(?<token>[\w-]+)$/],
  ["join", /^\/join\/(?<token>[\w-]+)$/],
  ["account", /^\/account$/],
  ["signin", /^\/signin$/],
  ["home", /^\/?$/],
];

export function parse(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  for (const [name, pattern] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return { name, params: { ...(match.groups ?? {}) } };
  }
  return { name: "notfound", params: {} };
}

class Router {
  route = $state<Route>(parse(typeof location === "undefined" ? "" : location.hash));

  constructor() {
    if (typeof window !== "undefined") {
      window.addEventListener("hashchange", () => {
        this.route = parse(location.hash);
        window.scrollTo(0, 0);
      });
    }
  }
}

export const router = new Router();

export function go(path: string): void {
  location.hash = path;
}
