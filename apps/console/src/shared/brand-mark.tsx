import { PhoneOutlined } from '@ant-design/icons';
import { useBranding } from '../session/branding-context.tsx';

/** The configured logo and system name; a neutral icon when no logo is set. */
export function BrandMark({ size = 32, color }: { size?: number; color?: string }) {
  const { branding } = useBranding();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 10 }}>
      {branding.logoDataUrl ? (
        <img
          data-testid="brand-logo"
          src={branding.logoDataUrl}
          alt=""
          style={{ height: size, maxWidth: size * 4, objectFit: 'contain' }}
        />
      ) : (
        <PhoneOutlined style={{ fontSize: size * 0.75, color }} />
      )}
      <span data-testid="brand-name" style={{ fontSize: size * 0.55, fontWeight: 600, color, whiteSpace: 'nowrap' }}>
        {branding.systemName}
      </span>
    </span>
  );
}
