/**
 * A Vite plugin that turns the Mantine theme into a static stylesheet (`virtual:mantine-theme.css`):
 * the CSS variables and breakpoint classes MantineProvider would inject as inline <style> elements,
 * which the app's CSP (`style-src 'self'`) blocks. The provider runs with both injections off.
 */
import {
  convertCssVariables,
  DEFAULT_THEME,
  defaultCssVariablesResolver,
  em,
  keys,
  mergeMantineTheme,
  px,
} from '@mantine/core';
import type { Plugin } from 'vite';
import { cssVariablesResolver, theme } from './src/theme.ts';

const VIRTUAL_ID = 'virtual:mantine-theme.css';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

function themeCss(): string {
  const merged = mergeMantineTheme(DEFAULT_THEME, theme);
  const defaults = defaultCssVariablesResolver(merged);
  const ours = cssVariablesResolver(merged);
  const variables = {
    variables: { ...defaults.variables, ...ours.variables },
    light: { ...defaults.light, ...ours.light },
    dark: { ...defaults.dark, ...ours.dark },
  };
  const breakpoints = keys(merged.breakpoints)
    .map((name) => {
      const value = px(merged.breakpoints[name]) as number;
      return `@media (max-width: ${em(value - 0.1)}) {.mantine-visible-from-${name} {display: none !important;}}@media (min-width: ${em(value)}) {.mantine-hidden-from-${name} {display: none !important;}}`;
    })
    .join('\n');
  return `${convertCssVariables(variables, ':root')}\n${breakpoints}\n`;
}

export function mantineThemeCss(): Plugin {
  return {
    name: 'mantine-theme-css',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load: (id) => (id === RESOLVED_ID ? themeCss() : undefined),
  };
}
