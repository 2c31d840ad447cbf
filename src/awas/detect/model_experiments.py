"""What was tried to raise the text model's scores, and what each gave (fixed text for the model card).

These numbers come from experiment runs on the same data and folds as `awas detect train`, not from
the training run that wrote the card; the card's own tables above them are from that run.
"""

from __future__ import annotations

EXPERIMENTS = """
## What was tried (5-fold CV, seed 42, same folds; every choice inside the training folds)

Screening runs used a shortcut for the threshold (chosen on the other four folds' out-of-fold
scores: very slightly optimistic, same for every variant); rows marked *nested* used the full nested
protocol above. Noise: the per-fold standard deviation of F1 is about 0.003–0.005 for hate speech
and 0.01–0.025 for the Netifier labels, so differences below about 0.004 (HS) and 0.005 (macro) are
not real. HS = Ibrohim `hate_speech` F1; NF = Netifier macro-F1 (pornografi, sara, radikalisme,
pencemaran_nama_baik).

| variant | HS | NF | kept? |
|---|---|---|---|
| tm1 as shipped before: raw counts, word 1–2 + char 1–5, LR C=10 (*nested*) | 0.848 | 0.775 | baseline |
| same, screening protocol | 0.849 | 0.774 | |
| C = 3 / C = 30 (HS only) | 0.843 / 0.848 | – | no: C = 10 kept |
| liblinear dual instead of primal solver | 0.850 | 0.774 | yes (same scores, faster) |
| sublinear tf, 1 + log(count) (HS only) | 0.848 | – | no |
| **binary tf (an n-gram counts once per post)** | 0.852 | 0.784 | **yes** |
| binary word block, raw-count char block | 0.851 | 0.778 | no: the char block needs binary |
| char 2–5 instead of 1–5 (binary) | 0.851 | 0.785 | yes: same score, a fifth less work |
| char 2–5 / 3–5 / 2–6 (raw counts) | 0.848 / 0.846 / 0.844 | 0.775 / 0.778 / 0.775 | no |
| word block only / char block only (HS) | 0.827 / 0.838 | – | no: both blocks together |
| no normaliser: word block over plain lowercase words | 0.846 | 0.780 | normaliser kept (+0.5, +0.4) |
| stacking (*nested*) over the 12 Ibrohim label heads (a) | 0.851 | – | no (HS alone, same way: 0.850) |
| stacking (*nested*) + the 4 Netifier heads (multi-task across datasets) | 0.851 | 0.784 | no |
| stacking (*nested*) of Netifier's four co-occurring labels | – | 0.781 | no (each label alone: 0.786) |
| ensemble (*nested*) of word-only, char-only and joint LR (b) | 0.851 | 0.784 | no |
| NB-weighted (log-count-ratio) features (earlier run, tm1) | 0.839 | – | no |
| one SARA / defamation head over both datasets (earlier run, tm1) | – | 0.763 | no |

(a) a second-level LR over the out-of-fold scores of the heads for HS, Abusive, HS_Individual,
HS_Group, HS_Religion, HS_Race, HS_Physical, HS_Gender, HS_Other, HS_Weak, HS_Moderate, HS_Strong,
each level-1 score for a training row coming from a model that saw neither that row's fold nor the
test fold. (b) the three LRs' scores combined by a second-level LR, fitted the same way.

Not tried, and why: word embeddings trained here (17,531 short texts are too few to learn vectors
better than the n-grams they would be built from, and a linear model over averaged vectors is a
low-rank restriction of the word block already there); the abusive lexicon as a feature (its 125
words are already unigram features; `abusive` reaches 0.89 without it); a transformer trained from
scratch (no pretraining corpus here, and 10,000 posts/s on 2 CPU cores rules out any encoder);
class weights other than balanced (the threshold is tuned per head anyway).
"""
