#!/usr/bin/env python3
"""Writes src/LlmCost.Core/Pricing/service-tier-prices.json from LiteLLM's price file.

Usage: make-service-tier-prices.py LITELLM_JSON > src/LlmCost.Core/Pricing/service-tier-prices.json

Keeps OpenAI's own models (litellm_provider "openai", no "provider/" prefix) whose priority-tier price is complete:
input and output, and cache reads where the model has a cache-read price. Prices are converted from USD per token
to USD per million tokens as exact decimal strings. Each entry also carries the standard prices it sits on: the
catalog attaches a priority price only to a catalog price whose standard prices are the same.
"""
import json
import sys
from decimal import Decimal


def per_million(value):
    d = Decimal(repr(value)) * 1_000_000
    text = format(d.normalize(), 'f')
    return text


def main(path):
    data = json.load(open(path))
    out = []
    for name in sorted(data):
        e = data[name]
        if not isinstance(e, dict) or e.get('litellm_provider') != 'openai' or '/' in name:
            continue
        if 'input_cost_per_token_priority' not in e or 'output_cost_per_token_priority' not in e:
            continue
        if 'cache_read_input_token_cost' in e and 'cache_read_input_token_cost_priority' not in e:
            continue
        standard = {'input': per_million(e['input_cost_per_token']), 'output': per_million(e['output_cost_per_token'])}
        priority = {'input': per_million(e['input_cost_per_token_priority']), 'output': per_million(e['output_cost_per_token_priority'])}
        if 'cache_read_input_token_cost' in e:
            standard['cacheRead'] = per_million(e['cache_read_input_token_cost'])
            priority['cacheRead'] = per_million(e['cache_read_input_token_cost_priority'])
        out.append({'provider': 'openai', 'model': name, 'standard': standard, 'priority': priority})
    doc = {
        'about': 'Priority service-tier prices (USD per million tokens) from LiteLLM\'s model_prices_and_context_window.json, '
                 'written by tools/service-tier-prices/make-service-tier-prices.py. Attached to the catalog price whose '
                 'standard prices match; a priority request on any other price is unpriced (docs/cost-rules.md, "Service tiers").',
        'prices': out,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
