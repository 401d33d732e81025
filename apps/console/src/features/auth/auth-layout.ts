import type { CSSProperties } from 'react';

/** Full-screen centred layout shared by the login and forced password change pages. */
export const centeredPageStyle: CSSProperties = {
  minHeight: '100vh',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  position: 'relative',
  background: 'linear-gradient(135deg, #e6f4ff 0%, #f5f5f5 60%)',
};
