from datasets import load_dataset
from transformers import AutoModelForCausalLM, pipeline


def load_model():
    # ruleid: hf-trust-remote-code
    return AutoModelForCausalLM.from_pretrained("acme/custom-arch", trust_remote_code=True)


def summarizer():
    return pipeline(
        "summarization",
        model="acme/custom-summarizer",
        # ruleid: hf-trust-remote-code
        trust_remote_code=True,
    )


def load_standard_model():
    # ok: hf-trust-remote-code
    return AutoModelForCausalLM.from_pretrained("acme/standard-arch")


def reviews():
    # ok: hf-trust-remote-code
    return load_dataset("acme/reviews", trust_remote_code=False)
