import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WhoAmI } from '../api/client';

/** Who is signed in: the instance's org and kind and the key's role, as GET /whoami says. */
export const Session = createContext<WhoAmI | null>(null);

export function useSession(): WhoAmI {
  const who = useContext(Session);
  if (who === null) throw new Error('useSession outside a signed-in console');
  return who;
}
