"""A tiny BERT classifier whose weights are set by hand, for the hf_classifier tests.

Nothing is downloaded or trained: the vocabulary, the configuration and the weights are made
here, so the model's behaviour is exact and the same on every machine. Query and key weights are
zero (attention averages the tokens), the feed-forward block adds nothing, and each label reads
one direction of the hidden space that only its trigger words carry: a sentence with an insult
word scores high on ``insult``, one with a threat word on ``threat``, anything else on ``neutral``.
"""

from __future__ import annotations

from pathlib import Path

NEUTRAL_WORDS = [
    "you",
    "are",
    "an",
    "nice",
    "great",
    "friend",
    "the",
    "team",
    "is",
    "tu",
    "es",
    "un",
    "sympa",
    "merci",
    "hello",
    "thanks",
    "day",
    "have",
    "a",
    "i",
    "will",
    "see",
    "te",
    "je",
    "vais",
    "what",
    "tomorrow",
    "demain",
    ".",
]
TRIGGERS = {"insult": ["idiot", "moron", "cretin"], "threat": ["kill", "tuer"]}
LABELS = ("neutral", "insult", "threat")
HIDDEN = 16


def build(directory: Path, *, problem_type: str | None = None) -> Path:
    """Write the tokenizer and the model into ``directory`` (what ``save_pretrained`` writes)."""
    import torch
    import transformers
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    directory.mkdir(parents=True, exist_ok=True)
    trigger_words = [w for words in TRIGGERS.values() for w in words]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *NEUTRAL_WORDS, *trigger_words]
    ids = {word: i for i, word in enumerate(vocab)}
    core = Tokenizer(models.WordPiece(vocab=ids, unk_token="[UNK]"))
    core.normalizer = normalizers.BertNormalizer(lowercase=True)
    core.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    core.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=HIDDEN,
        num_hidden_layers=1,
        num_attention_heads=1,
        intermediate_size=4,
        max_position_embeddings=512,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={n: i for i, n in enumerate(LABELS)},
        problem_type=problem_type,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    transformers.utils.logging.disable_progress_bar()
    model = BertForSequenceClassification(config)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for param in model.parameters():
            param.zero_()
        # Label directions: insult on dims (0, 1), threat on dims (2, 3); neutral patterns use dims 4..15.
        directions = {"insult": (0, 1), "threat": (2, 3)}
        emb = torch.zeros(len(vocab), HIDDEN)
        for i, word in enumerate(vocab):
            signs = torch.tensor([1.0] * 6 + [-1.0] * 6)[torch.randperm(12, generator=generator)]
            emb[i, 4:] = signs
            for label, words in TRIGGERS.items():
                if word in words:
                    a, b = directions[label]
                    emb[i, a], emb[i, b] = 20.0, -20.0
        bert = model.bert
        bert.embeddings.word_embeddings.weight.copy_(emb)
        layer = bert.encoder.layer[0]
        for norm in (bert.embeddings.LayerNorm, layer.attention.output.LayerNorm, layer.output.LayerNorm):
            norm.weight.fill_(1.0)
        layer.attention.self.value.weight.copy_(torch.eye(HIDDEN))
        layer.attention.output.dense.weight.copy_(torch.eye(HIDDEN))
        bert.pooler.dense.weight.copy_(torch.eye(HIDDEN))
        for index, label in enumerate(LABELS):
            if label in directions:
                a, b = directions[label]
                model.classifier.weight[index, a], model.classifier.weight[index, b] = 20.0, -20.0
                model.classifier.bias[index] = -3.0
    model.eval()
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
