import torch
from torch import load


def load_checkpoint(path):
    # ruleid: torch-load-unsafe
    state = torch.load(path, map_location="cpu")
    return state["model"]


def load_downloaded(buffer):
    # ruleid: torch-load-unsafe
    return load(buffer)


def load_checkpoint_safely(path):
    # ok: torch-load-unsafe
    return torch.load(path, map_location="cpu", weights_only=True)


def save_checkpoint(model, path):
    # ok: torch-load-unsafe
    torch.save(model.state_dict(), path)
