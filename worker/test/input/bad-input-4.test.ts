import { badInputCorpus } from './bad-input-corpus.ts';

badInputCorpus(4, 4);
