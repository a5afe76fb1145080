import { badInputCorpus } from './bad-input-corpus.ts';

badInputCorpus(1, 4);
