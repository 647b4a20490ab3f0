/**
 * The Mantine theme, used twice: by MantineProvider at run time and by the build, which writes the
 * theme's CSS variables into a static stylesheet (the CSP's `style-src 'self'` forbids the <style>
 * element MantineProvider would otherwise inject).
 */
import { type CSSVariablesResolver, createTheme, Drawer, Modal } from '@mantine/core';

const SYSTEM_FONTS =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on filled buttons above WCAG AA (4.5:1); Mantine's default 6 does not.
  primaryShade: { light: 8, dark: 8 },
  fontFamily: SYSTEM_FONTS,
  headings: { fontFamily: SYSTEM_FONTS },
  defaultRadius: 'sm',
  focusRing: 'auto',
  components: {
    // Scroll locking injects a <style> element (react-remove-scroll), which the CSP blocks; the
    // overlay still keeps focus and pointer inside the dialog.
    Modal: Modal.extend({ defaultProps: { lockScroll: false } }),
    Drawer: Drawer.extend({ defaultProps: { lockScroll: false } }),
  },
});

/** Darker "dimmed" text and placeholders than Mantine's defaults, for AA contrast on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // Shade 9 of green and orange on their light tint is just under 4.5:1 for small badge text.
    '--mantine-color-green-light-color': '#216e32',
    '--mantine-color-orange-light-color': '#a63a0a',
    '--mantine-color-orange-outline': '#a63a0a',
    // Red 6 outline text on the page's grey is 4.28:1 (the 'Sensitive personal' grade); red 9 is AA.
    '--mantine-color-red-outline': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
