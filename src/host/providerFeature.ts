// (being written)
import type { Feature, Services } from './services';
export type ProviderCommandId = 'kata.setApiKey' | 'kata.clearApiKey' | 'kata.models.refresh' | 'kata.models.setDefault' | 'kata.models.copyId' | 'kata.ask' | 'kata.showLog' | 'kata.openEndpointSettings';
export function createProviderFeature(s: Services): Feature<ProviderCommandId> {
  const f = () => s.log.channel.show();
  return { commands: { 'kata.setApiKey': f, 'kata.clearApiKey': f, 'kata.models.refresh': f, 'kata.models.setDefault': f, 'kata.models.copyId': f, 'kata.ask': f, 'kata.showLog': f, 'kata.openEndpointSettings': f }, disposables: [] };
}
