"""Benchmark the dedupe stage (catalog.dedupe.group) on synthetic ML abstracts.

Usage:
    python bench/dedupe_bench.py                 # N = 10,000 and 100,000
    python bench/dedupe_bench.py --n 5000 --n 20000

Each size runs in a fresh subprocess, so the peak RSS (ru_maxrss) belongs to that size
alone. A run generates N distinct papers (120-250 words, shared phrase templates and
boilerplate; some distinct pairs share whole sentences), gives ~10% of them 1-3 extra
copies (exact, 1-3 words substituted, punctuation/markup changes, a short clause
rewritten, or another arXiv version with the same id), cleans every text with
clean_abstract() as ingest does, times group() and scores its merges pairwise against
the ground truth.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog.ingest import dedupe  # noqa: E402
from catalog.ingest.clean import clean_abstract  # noqa: E402

SEED = 20240601
DUP_FRACTION = 0.10
SHARED_SENTENCE_FRACTION = 0.03

# --- vocabulary -----------------------------------------------------------------------

TASKS = """image classification|object detection|semantic segmentation|machine translation|question answering|
text summarization|speech recognition|code generation|mathematical reasoning|visual question answering|
image captioning|named entity recognition|relation extraction|recommendation|time series forecasting|
anomaly detection|graph classification|link prediction|molecular property prediction|protein structure prediction|
reinforcement learning|offline reinforcement learning|robotic manipulation|autonomous driving|depth estimation|
pose estimation|video understanding|action recognition|text-to-image generation|image editing|3D reconstruction|
novel view synthesis|dialogue generation|instruction following|information retrieval|open-domain question answering|
sentiment analysis|document understanding|table reasoning|program synthesis|theorem proving|neural architecture search|
federated learning|continual learning|domain adaptation|few-shot learning|zero-shot classification|
out-of-distribution detection|adversarial robustness|uncertainty estimation|causal inference|tabular prediction|
medical image segmentation|weather forecasting|audio generation|music generation|speech synthesis|
multi-agent coordination|trajectory prediction|knowledge graph completion|fact verification|hate speech detection""".replace("\n", "").split("|")

MODIFIERS = """attention|reward|token|graph|contrastive|diffusion|latent|policy|retrieval|memory|gradient|prompt|
feature|sparse|low-rank|adaptive|hierarchical|multimodal|temporal|spatial|causal|semantic|structural|cross-lingual|
self-supervised|variational|probabilistic|geometric|energy-based|mixture|curriculum|preference|value|world|
instruction|embedding|quantization|pruning|distillation|kernel|spectral|sequential|recurrent|convolutional|
transformer|autoregressive|masked|generative|discriminative|Bayesian|robust|efficient|scalable|modular|
compositional|symbolic|neural|dynamic|implicit|explicit|local|global|dense|patch|pixel|frame|scene|object|
language|vision|audio|speech|text|code|molecular|protein|clinical|financial""".replace("\n", "").split("|")

HEADS = """model|mechanism|objective|loss|module|encoder|decoder|representation|space|estimator|framework|
pipeline|benchmark|dataset|architecture|layer|network|head|budget|schedule|regularizer|prior|posterior|
distribution|bottleneck|alignment|calibration|sampling|search|planner|critic|agent|tokenizer|vocabulary|
adapter|router|classifier|detector|generator|discriminator|graph|tree|buffer|cache|index|retriever|reranker|
scorer|verifier|simulator|environment|trajectory|policy|signal|metric|constraint|penalty|approximation|
bound|guarantee|kernel|filter|operator|field|manifold|embedding|prompt|template|curriculum|strategy|protocol""".replace("\n", "").split("|")

ADJECTIVES = """effective|efficient|robust|scalable|simple|novel|general|principled|lightweight|flexible|
interpretable|accurate|reliable|practical|unified|modular|strong|competitive|consistent|significant|
substantial|complex|diverse|challenging|realistic|noisy|limited|large-scale|fine-grained|long-range|
high-dimensional|heterogeneous|sparse|dense|structured|unstructured|multilingual|multimodal|open-ended|
data-efficient|compute-efficient|memory-efficient|training-free|parameter-efficient|theoretically grounded""".replace("\n", "").split("|")

METRICS = "accuracy|F1 score|BLEU|ROUGE-L|mean average precision|success rate|perplexity|AUROC|calibration error|win rate|exact match|top-1 accuracy|sample efficiency|throughput|latency".split("|")

DATASETS = "ImageNet|COCO|CIFAR-100|GLUE|SuperGLUE|SQuAD|MMLU|GSM8K|HumanEval|MATH|WMT|LibriSpeech|Kinetics|ScanNet|nuScenes|MuJoCo|Atari|D4RL|OGB|ZINC|PDB|MIMIC|ADE20K|Cityscapes|LAION|BEIR|MS MARCO|TriviaQA|HotpotQA|ARC".split("|")

FIELDS = "large language models|vision-language models|diffusion models|graph neural networks|deep neural networks|transformers|foundation models|generative models|reinforcement learning agents|neural networks".split("|")

CONTEXT = [
    "{Field} have achieved remarkable success in {task} and {task2}.",
    "Recent advances in {field} have led to significant progress in {task}.",
    "{Field} have shown impressive capabilities across a wide range of tasks, including {task} and {task2}.",
    "{Task} is a fundamental problem in machine learning with applications in {task2} and {task3}.",
    "In recent years, {field} have become the dominant approach for {task}.",
    "Despite their success, {field} remain {adj} to deploy in {adj2} settings.",
    "{Task} has attracted increasing attention due to its importance for {task2}.",
]
PROBLEM = [
    "However, existing methods rely on a {np} that is {adj} and difficult to scale.",
    "However, most existing approaches ignore the {np}, which leads to suboptimal performance on {task}.",
    "A key challenge is that the {np} is often {adj} in practice, consisting of {np2} and {np3}.",
    "Current methods suffer from a {adj} {np}, which limits their applicability to {adj2} data.",
    "These approaches typically require a large amount of labeled data, which is expensive to obtain for {task}.",
    "Moreover, it remains unclear how the {np} affects the {np2} of {field}.",
]
METHOD = [
    "In this paper, we propose {Name}, a {adj} {np} for {task}.",
    "To address this issue, we introduce {Name}, which combines a {np} with a {adj} {np2}.",
    "We propose a novel {np} that leverages the {np2} to improve {task}.",
    "Our approach consists of two stages: a {np} that learns {adj} features, and a {np2} that refines them.",
    "Specifically, {Name} learns a {np} in order to capture {adj} dependencies between {np2} and {np3}.",
    "The key idea is to decompose the {np} into a {adj} {np2} and a {np3}.",
    "We further design a {adj} {np} that enables {adj2} training without additional supervision.",
    "Unlike prior work, our method does not require a {np} and can be applied to any {np2}.",
    "We provide a theoretical analysis showing that the {np} admits a {adj} {np2} under mild assumptions.",
    "In addition, we introduce a {np} that reduces the cost of the {np2} by a factor of {k}.",
    "To this end, we formulate {task} as a {np} problem and solve it with a {adj} {np2}.",
    "Our framework consists of a {np}, a {np2}, and a {np3}, which are trained jointly.",
]
EXPERIMENT = [
    "Extensive experiments on {dataset} and {dataset2} demonstrate that {Name} outperforms state-of-the-art methods.",
    "We evaluate {Name} on {k} benchmarks, including {dataset} and {dataset2}.",
    "Experimental results show that our method improves {metric} by {p}% over strong baselines.",
    "On {dataset}, {Name} achieves a {metric} of {p2}%, a new state of the art.",
    "We conduct extensive experiments on {dataset}, showing consistent gains in {metric} and {metric2}.",
    "Ablation studies confirm the contribution of the {np} and the {np2}.",
    "Compared with existing methods, our approach reduces the training cost by {p}% while maintaining {metric}.",
]
CLOSING = [
    "Our results suggest that {field} can benefit from a {adj} {np}.",
    "We hope this work will inspire future research on {task}.",
    "These findings highlight the importance of the {np} for {task}.",
    "Our analysis provides new insights into the {np} of {field}.",
]
BOILERPLATE = [
    "Code is available at https://github.com/{user}/{repo}.",
    "Our code and models are publicly available at https://github.com/{user}/{repo}.",
    "The code will be made publicly available.",
    "Code and data are available at \\url{{https://github.com/{user}/{repo}}}.",
]

VERBS = """improves|reduces|captures|models|exploits|regularizes|aligns|predicts|encodes|decodes|refines|
calibrates|stabilizes|accelerates|approximates|estimates|disentangles|compresses|retrieves|ranks|filters|
aggregates|propagates|mitigates|amplifies|balances|bridges|constrains|generalizes|transfers|adapts|selects|
identifies|localizes|reconstructs|synthesizes|verifies|explains|quantifies|bounds|prunes|distills|fuses|
routes|schedules|samples|reweights|denoises|augments|tokenizes|partitions|clusters|matches|tracks""".replace("\n", "").split("|")
PREPOSITIONS = "across|for|under|via|through|without|with|from|over|using|beyond|within|against|between|along".split("|")
SUBJECTS = ["our method", "the {np}", "{Name}", "the proposed {np}", "this {{head}}", "each {{head}}", "a {adj} {{head}}"]

# Short clause rewrites that leave the meaning alone (what different dumps of one paper do).
CLAUSES = [
    ("consisting of", "including"), ("in order to", "to"), ("In this paper, we", "Here we"),
    ("a wide range of", "many"), ("demonstrate that", "show that"), ("To address this issue", "To tackle this"),
    ("outperforms", "surpasses"), ("state-of-the-art methods", "prior methods"), ("Moreover", "Furthermore"),
    ("In recent years", "Recently"), ("Specifically", "Concretely"), ("we propose", "we present"),
]
PUNCTUATION = [(", ", " "), (". ", "; "), ("-", " "), ("% ", " % "), (", and", " and"), (" (", ", ")]


# --- paper generation ----------------------------------------------------------------

@dataclass
class Paper:
    sentences: list[str]
    arxiv: str
    name: str
    topic: dict

    def text(self) -> str:
        return " ".join(self.sentences)


def noun_phrase(rng: random.Random) -> str:
    return f"{rng.choice(MODIFIERS)} {rng.choice(HEADS)}"


def method_name(rng: random.Random) -> str:
    syll = ["Neo", "Flex", "Hyper", "Graph", "Lo", "Ra", "Mix", "Sparse", "Ada", "Tok", "Vi", "Dif", "Re", "Meta", "Pro", "Co"]
    return "".join(rng.choice(syll) for _ in range(2)) + rng.choice(["", "Net", "Former", "GPT", "-X", "++", "Bench", "Fusion"])


def make_topic(rng: random.Random) -> dict:
    """Per-paper choices reused across its sentences, so a paper stays on one subject."""
    return {"task": rng.choice(TASKS), "field": rng.choice(FIELDS), "nps": [noun_phrase(rng) for _ in range(4)]}


def fill(template: str, rng: random.Random, topic: dict, name: str) -> str:
    nps = topic["nps"] + [noun_phrase(rng)]
    field_ = topic["field"]
    values = {
        "task": topic["task"], "task2": rng.choice(TASKS), "task3": rng.choice(TASKS),
        "field": field_, "Field": field_[0].upper() + field_[1:], "Task": topic["task"][0].upper() + topic["task"][1:],
        "np": rng.choice(nps), "np2": rng.choice(nps), "np3": noun_phrase(rng),
        "adj": rng.choice(ADJECTIVES), "adj2": rng.choice(ADJECTIVES), "Name": name,
        "metric": rng.choice(METRICS), "metric2": rng.choice(METRICS),
        "dataset": rng.choice(DATASETS), "dataset2": rng.choice(DATASETS),
        "k": rng.randint(2, 12), "p": round(rng.uniform(1, 40), 1), "p2": round(rng.uniform(40, 95), 1),
        "user": f"lab{rng.randint(1, 5000)}", "repo": name.lower().replace("+", "p"),
    }
    return template.format(**values)


def free_sentence(rng: random.Random, topic: dict, name: str) -> str:
    """A grammar-built sentence: gives each paper its own wording beyond the templates."""
    subject = fill(rng.choice(SUBJECTS), rng, topic, name).replace("{head}", rng.choice(HEADS))
    parts = [subject, rng.choice(VERBS), f"the {rng.choice(ADJECTIVES)} {rng.choice(topic['nps'] + [noun_phrase(rng)])}"]
    for _ in range(rng.randint(1, 3)):
        parts.append(f"{rng.choice(PREPOSITIONS)} {rng.choice(['the', 'a', 'each', 'every', 'its'])} {noun_phrase(rng)}")
    if rng.random() < 0.4:
        parts.append(f"while it {rng.choice(VERBS)} the {noun_phrase(rng)}")
    sentence = " ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def make_sentences(rng: random.Random, topic: dict, name: str) -> list[str]:
    """Context, problem, method (repeated until 120-250 words), experiments, closing, maybe code."""
    target = rng.randint(120, 250)
    head = [fill(rng.choice(CONTEXT), rng, topic, name), fill(rng.choice(PROBLEM), rng, topic, name)]
    tail = [fill(t, rng, topic, name) for t in rng.sample(EXPERIMENT, 2)] + [fill(rng.choice(CLOSING), rng, topic, name)]
    if rng.random() < 0.4:
        tail.append(fill(rng.choice(BOILERPLATE), rng, topic, name))
    middle: list[str] = []
    words = lambda: sum(len(s.split()) for s in head + middle + tail)  # noqa: E731
    templates = rng.sample(METHOD, len(METHOD))
    while words() < target:
        if templates and rng.random() < 0.3:
            middle.append(fill(templates.pop(), rng, topic, name))
        else:
            middle.append(free_sentence(rng, topic, name))
    while words() > 250 and len(middle) > 1:
        middle.pop()
    return head + middle + tail


def make_papers(n: int, rng: random.Random) -> tuple[list[Paper], list[tuple[int, int]]]:
    """n distinct papers; ~3% borrow one or two whole sentences from an earlier paper."""
    papers, borrowed = [], []
    for i in range(n):
        topic, name = make_topic(rng), method_name(rng)
        paper = Paper(make_sentences(rng, topic, name), f"{2301 + i // 90000}.{10000 + i % 90000:05d}", name, topic)
        if i > 10 and rng.random() < SHARED_SENTENCE_FRACTION:
            donor = rng.randrange(i)
            for k in range(rng.randint(1, 2)):  # same lab, same intro / problem statement
                paper.sentences[k] = papers[donor].sentences[k]
            borrowed.append((donor, i))
        papers.append(paper)
    return papers, borrowed


# --- near-duplicate copies ------------------------------------------------------------

def substitute_words(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(MODIFIERS + ADJECTIVES + HEADS)
    return " ".join(words)


def change_punctuation(text: str, rng: random.Random) -> str:
    for old, new in rng.sample(PUNCTUATION, 3):
        text = text.replace(old, new, rng.randint(1, 3))
    if rng.random() < 0.5:  # the dump wrapped a word in LaTeX markup; clean_abstract removes it
        words = text.split(" ")
        i = rng.randrange(len(words))
        words[i] = "\\emph{" + words[i] + "}"
        text = " ".join(words)
    return text.rstrip(".") if rng.random() < 0.3 else text


def change_clause(text: str, rng: random.Random) -> str:
    present = [(old, new) for old, new in CLAUSES if old in text]
    if not present:
        sentences = text.split(". ")
        i = rng.randrange(len(sentences))
        sentences[i] = "In particular, " + sentences[i][0].lower() + sentences[i][1:]
        return ". ".join(sentences)
    old, new = rng.choice(present)
    return text.replace(old, new, 1)


def new_version(paper: Paper, rng: random.Random) -> str:
    """Another arXiv version: 2-4 sentences rewritten, one added; shares the id only."""
    sentences = list(paper.sentences)
    for i in rng.sample(range(len(sentences)), min(len(sentences), rng.randint(2, 4))):
        sentences[i] = fill(rng.choice(METHOD + EXPERIMENT), rng, paper.topic, paper.name)
    sentences.insert(rng.randrange(len(sentences)), fill(rng.choice(EXPERIMENT), rng, paper.topic, paper.name))
    return " ".join(sentences)


VARIANTS = {
    "exact": lambda p, rng: p.text(),
    "words": lambda p, rng: substitute_words(p.text(), rng),
    "punct": lambda p, rng: change_punctuation(p.text(), rng),
    "clause": lambda p, rng: change_clause(p.text(), rng),
    "version": new_version,
}
VARIANT_WEIGHTS = {"exact": 3, "words": 3, "punct": 2, "clause": 2, "version": 1}


@dataclass
class Record:
    raw: str
    arxiv: str | None
    paper: int
    variant: str  # "original" or one of VARIANTS
    order: float


def make_records(papers: list[Paper], rng: random.Random) -> list[Record]:
    """Originals plus copies, each copy placed after its original; id policy per paper."""
    records = []
    for i, paper in enumerate(papers):
        policy = rng.choice(["all", "all", "none", "later"])  # "later": only a later copy has the id
        if rng.random() >= DUP_FRACTION:
            records.append(Record(paper.text(), paper.arxiv if policy != "none" else None, i, "original", i))
            continue
        records.append(Record(paper.text(), paper.arxiv if policy == "all" else None, i, "original", i))
        copies = rng.choice([1, 1, 1, 2, 2, 3])
        for c in range(copies):
            variant = rng.choices(list(VARIANT_WEIGHTS), weights=list(VARIANT_WEIGHTS.values()))[0]
            has_id = variant == "version" or policy == "all" or (policy == "later" and c == copies - 1)
            if variant == "version" and policy != "all":
                records[-1 - c].arxiv = paper.arxiv  # a same-id version needs the id on the other side too
            records.append(Record(VARIANTS[variant](paper, rng), paper.arxiv if has_id else None, i, variant,
                                  i + rng.uniform(0, len(papers) - i)))
    return sorted(records, key=lambda r: r.order)


# --- scoring --------------------------------------------------------------------------

def pair_scores(groups: list[list[int]], labels: list[int]) -> dict:
    """Pairwise precision/recall from contingency counts (no all-pairs loop)."""
    cells = Counter((g, labels[i]) for g, members in enumerate(groups) for i in members)
    true_merges = sum(comb(c, 2) for c in cells.values())
    merged = sum(comb(len(m), 2) for m in groups)
    truth = sum(comb(c, 2) for c in Counter(labels).values())
    return {
        "pairs_merged": merged, "true_merges": true_merges, "false_merges": merged - true_merges,
        "missed_pairs": truth - true_merges, "true_pairs": truth,
        "precision": true_merges / merged if merged else 1.0, "recall": true_merges / truth if truth else 1.0,
        "impure_groups": sum(1 for k in Counter(g for g, _ in cells).values() if k > 1),
        "split_papers": sum(1 for k in Counter(label for _, label in cells).values() if k > 1),
    }


def recall_by_variant(groups: list[list[int]], records: list[Record]) -> dict:
    """Fraction of copies of each variant that landed in the group of their paper's original."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    original = {r.paper: i for i, r in enumerate(records) if r.variant == "original"}
    hits, totals = Counter(), Counter()
    for i, r in enumerate(records):
        if r.variant != "original":
            totals[r.variant] += 1
            hits[r.variant] += group_of[i] == group_of[original[r.paper]]
    return {v: f"{hits[v]}/{totals[v]}" for v in totals}


def _shingles(item) -> frozenset[int]:
    return dedupe.shingles(dedupe.WORD.findall(item.text.lower()))


def jaccard_profile(items, records, borrowed) -> dict:
    """Median/min Jaccard of copies to their original, and max between sentence-sharing papers."""
    original = {r.paper: i for i, r in enumerate(records) if r.variant == "original"}
    by_variant = defaultdict(list)
    for i, r in enumerate(records):
        if r.variant != "original":
            by_variant[r.variant].append(dedupe.jaccard(_shingles(items[i]), _shingles(items[original[r.paper]])))
    shared = [dedupe.jaccard(_shingles(items[original[a]]), _shingles(items[original[b]])) for a, b in borrowed]
    profile = {v: (round(min(js), 3), round(statistics.median(js), 3)) for v, js in by_variant.items()}
    profile["distinct_shared_sentences_max"] = round(max(shared), 3) if shared else None
    return profile


def lsh_profile(items) -> dict:
    """Bucket sizes of dedupe's banding (recomputed here): the candidate work group() does."""
    buckets: Counter = Counter()
    seen_texts = set()
    for item in items:
        hashes = _shingles(item)
        if hashes in seen_texts:
            continue
        seen_texts.add(hashes)
        sig = dedupe.signature(hashes)
        for band in range(dedupe.BANDS):
            buckets[(band, *sig[band * dedupe.ROWS:(band + 1) * dedupe.ROWS])] += 1
    sizes = list(buckets.values())
    return {"band_pairs": sum(comb(s, 2) for s in sizes), "max_bucket": max(sizes),
            "buckets_over_100": sum(1 for s in sizes if s > 100)}


# --- one size, in this process ---------------------------------------------------------

def current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def run_one(n: int, profile: bool) -> dict:
    rng = random.Random(SEED + n)
    t0 = time.perf_counter()
    papers, borrowed = make_papers(n, rng)
    records = make_records(papers, rng)
    texts = [clean_abstract(r.raw)[0] for r in records]
    t_gen = time.perf_counter() - t0
    items = [dedupe.Item(text, r.arxiv) for text, r in zip(texts, records)]
    rss_before = current_rss_mb()
    t0 = time.perf_counter()
    groups = dedupe.group(items)
    seconds = time.perf_counter() - t0
    result = {
        "n": n, "items": len(items), "groups": len(groups), "seconds": seconds,
        "per_1k": seconds / len(items) * 1000, "gen_seconds": t_gen,
        "rss_before_mb": rss_before, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "words_median": statistics.median(len(p.text().split()) for p in papers[:2000]),
        **pair_scores(groups, [r.paper for r in records]),
        "recall_by_variant": recall_by_variant(groups, records),
    }
    if profile:
        result["jaccard"] = jaccard_profile(items, records, borrowed)
        result["lsh"] = lsh_profile(items)
    return result


# --- driver ---------------------------------------------------------------------------

def run_in_subprocess(n: int, profile: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", str(n)] + (["--profile"] if profile else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    head = ("| N papers | abstracts incl. copies | groups | time (s) | s per 1k | peak RSS (MB) | RSS before group (MB) "
            "| precision | recall | true merges | false merges | missed pairs |")
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        rows.append(f"| {r['n']:,} | {r['items']:,} | {r['groups']:,} | {r['seconds']:.2f} | {r['per_1k']:.3f} "
                    f"| {r['peak_rss_mb']:.0f} | {r['rss_before_mb']:.0f} | {r['precision']:.4f} | {r['recall']:.4f} "
                    f"| {r['true_merges']:,} | {r['false_merges']:,} | {r['missed_pairs']:,} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="number of distinct papers (repeatable)")
    parser.add_argument("--profile", action="store_true", help="also report Jaccard and LSH bucket profiles")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.profile)))
        return
    results = []
    for n in args.n or [10_000, 100_000]:
        results.append(run_in_subprocess(n, args.profile))
        print(f"N={n:,}: {results[-1]['seconds']:.1f}s", file=sys.stderr, flush=True)
    print(table(results))
    if len(results) > 1:
        print(f"\ntime per 1k ratio (largest/smallest N): {results[-1]['per_1k'] / results[0]['per_1k']:.2f}"
              " (1.0 = linear)")
    for r in results:
        extra = {k: r[k] for k in ("impure_groups", "split_papers", "recall_by_variant", "jaccard", "lsh", "gen_seconds", "words_median") if k in r}
        print(f"\nN={r['n']:,}: {json.dumps(extra)}")


if __name__ == "__main__":
    main()
