import { useEffect, useState } from 'preact/hooks';

/** The view and its argument from the location's hash: `#/payments/<uetr>` is ['payments', '<uetr>']. */
export type Route = { view: string; arg?: string };

const parse = (): Route => {
  const [view = '', arg] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { view, arg };
};

export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const onChange = () => setRoute(parse());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export const href = (view: string, arg?: string): string => `#/${view}${arg === undefined ? '' : `/${encodeURIComponent(arg)}`}`;
