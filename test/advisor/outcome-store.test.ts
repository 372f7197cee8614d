import { InMemoryStrategyOutcomeStore } from '../../src/advisor/outcome-store';
import { outcomeStoreContract } from './outcome-store.contract';

outcomeStoreContract('in-memory', async () => new InMemoryStrategyOutcomeStore());
