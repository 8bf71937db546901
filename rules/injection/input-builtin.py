import getpass


def ask_path():
    # ruleid: input-builtin
    return input("File to delete: ")


def ask_count():
    # ruleid: input-builtin
    return int(input())


def ask_alias():
    from builtins import input as ask

    # ruleid: input-builtin
    return ask("> ")


def ask_secret():
    # ok: input-builtin
    return getpass.getpass("Password: ")


class Form:
    def input(self, name):
        return name

    def field(self):
        # ok: input-builtin
        return self.input("email")


def scripted(answers):
    def input(prompt):
        return answers.pop(0)

    # ok: input-builtin
    return input("Name? ")
