// Who is signed in, and the interface language that follows from it.
import { api } from "./api";
import { setLanguage } from "./i18n.svelte";
import type { User } from "./types";

class Session {
  user = $state<User | null>(null);
  loaded = $state(false);

  async load(): Promise<void> {
    try {
      this.user = await api.get<User>("/api/me");
      setLanguage(this.user.locale);
    } catch {
      this.user = null;
    }
    this.loaded = true;
  }

  signedIn(user: User): void {
    this.user = user;
    setLanguage(user.locale);
  }
}

export const session = new Session();
