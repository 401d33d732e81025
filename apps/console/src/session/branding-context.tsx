import type { Branding } from '@rexian/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { brandingApi } from '../api/resources.ts';

/** System name and logo (§4.10.11 (1)); public, shown on the login page and in the header. */
const fallbackBranding: Branding = { systemName: 'Rexian', logoDataUrl: null, defaultLocale: 'zh-CN' };

type BrandingState = { branding: Branding; reload: () => Promise<void>; replace: (branding: Branding) => void };

const BrandingContext = createContext<BrandingState | null>(null);

export function BrandingProvider({ children }: { children: ReactNode }) {
  const [branding, setBranding] = useState<Branding>(fallbackBranding);
  const reload = useCallback(async () => setBranding(await brandingApi.get()), []);

  useEffect(() => {
    // Without branding the console still works under the default name.
    reload().catch(() => undefined);
  }, [reload]);

  useEffect(() => {
    document.title = branding.systemName;
  }, [branding.systemName]);

  const value = useMemo(() => ({ branding, reload, replace: setBranding }), [branding, reload]);
  return <BrandingContext.Provider value={value}>{children}</BrandingContext.Provider>;
}

export function useBranding(): BrandingState {
  const value = useContext(BrandingContext);
  if (!value) throw new Error('useBranding outside BrandingProvider');
  return value;
}
