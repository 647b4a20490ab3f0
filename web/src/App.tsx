/**
 * Providers and routes. Mantine runs without its injected <style> elements (the CSP forbids them;
 * the theme's variables come from a static stylesheet built from the same theme). A 401 from any
 * query or mutation means the session ended: the user signs in again where they were.
 */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { isApiError, isSessionEnded } from './api/api-error.ts';
import { sessionEnded } from './features/auth/session.ts';
import { DealPage } from './features/deals/DealPage.tsx';
import { DealsPage } from './features/deals/DealsPage.tsx';
import { LinkPage } from './features/link/LinkPage.tsx';
import { NotFoundPage } from './features/shell/NotFoundPage.tsx';
import { RouteError } from './features/shell/RouteError.tsx';
import { SignedInLayout } from './features/shell/SignedInLayout.tsx';
import { cssVariablesResolver, theme } from './theme.ts';

const router = createBrowserRouter([
  { path: '/s/:token', element: <LinkPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <SignedInLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DealsPage /> },
      { path: 'deals/:dealId', element: <DealPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (isSessionEnded(error)) sessionEnded(client);
  };
  const client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // A 4xx (not found, no access, refused) answers the same the next time: only network
        // failures and 5xx are retried, so a missing deal shows its message at once, not after ~3 s.
        retry: (failures, error) => isTransient(error) && failures < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      withCssVariables={false}
      withGlobalClasses={false}
      forceColorScheme="light"
    >
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** Worth asking again: the server was not reached (status 0) or failed itself (5xx). */
const isTransient = (error: unknown): boolean =>
  !isSessionEnded(error) && (!isApiError(error) || error.status === 0 || error.status >= 500);
