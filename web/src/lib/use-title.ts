// Sets the document title for the page being shown, so history entries and tabs say where they lead.

import { useEffect } from 'react';

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Agora` : 'Agora';
  }, [title]);
}
