import { badInputCorpus } from './bad-input-corpus.ts';

badInputCorpus(3, 4);
