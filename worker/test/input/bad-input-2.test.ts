import { badInputCorpus } from './bad-input-corpus.ts';

badInputCorpus(2, 4);
