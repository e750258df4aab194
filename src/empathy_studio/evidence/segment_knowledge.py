"""What each empathy-map segment means, besides the example statements in `examples/`.

Per segment: one plain description (the zero-shot baseline of the sort-quality benchmark compares with it
alone) and cue words. The cue words matter most for Dutch and German: the default model was trained on
English, so a few telling words carry the signal there."""

from __future__ import annotations

DESCRIPTIONS: dict[str, str] = {
    "see": "What the customer sees: ads, shop shelves, offers, competitors, what others use, how a website or product looks.",
    "hear": "What the customer hears from others: friends, family, colleagues, sales staff, reviews, news and influencers.",
    "think_feel": "What the customer thinks and feels inside: worries, beliefs, values, hopes, emotions.",
    "say_do": "What the customer says and does: habits, buying, using, comparing, returning, recommending, posting.",
    "pain": "The customer's pains: frustrations, problems, obstacles, delays, hidden costs and things that go wrong.",
    "gain": "The customer's gains: goals, wishes, needs, benefits and what makes them happy or successful.",
}
