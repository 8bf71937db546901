from datasets import load_dataset
from huggingface_hub import hf_hub_download
from transformers import AutoModel, AutoTokenizer

MODEL_SHA = "4f1c2e9a7b3d5f6081a2c3d4e5f60718293a4b5c"


def load_model():
    # ruleid: hf-download-unpinned
    return AutoModel.from_pretrained("acme/sentiment-base")


def load_tokenizer():
    # ruleid: hf-download-unpinned
    return AutoTokenizer.from_pretrained("acme/sentiment-base", revision="main")


def fetch_weights():
    # ruleid: hf-download-unpinned
    return hf_hub_download(repo_id="acme/sentiment-base", filename="model.safetensors")


def reviews():
    # ruleid: hf-download-unpinned
    return load_dataset("acme/reviews", split="train")


def load_pinned_model():
    # ok: hf-download-unpinned
    return AutoModel.from_pretrained("acme/sentiment-base", revision=MODEL_SHA)


def load_local_model():
    # ok: hf-download-unpinned
    return AutoModel.from_pretrained("./checkpoints/best")


def load_configured_model(settings):
    # ok: hf-download-unpinned
    return AutoModel.from_pretrained(settings.model_name, revision=settings.model_revision)
