import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Dashboard } from '../state.ts';

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (!dashboard) throw new Error('useDashboard() outside <DashboardContext.Provider>');
  return dashboard;
}
