from xml.sax.saxutils import escape

from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse

OUR_NUMBER = "+15550100"
GREETING = "<Response><Say>Thanks for calling</Say></Response>"


def call(client, to, name):
    # ruleid: twilio-twiml-formatted
    client.calls.create(to=to, from_=OUR_NUMBER, twiml=f"<Response><Say>Hello {name}</Say></Response>")


def redirect(account, token, sid, message):
    client = Client(account, token)
    twiml = "<Response><Say>" + message + "</Say></Response>"
    # ruleid: twilio-twiml-formatted
    client.calls(sid).update(twiml=twiml)


def call_safely(client, to, name):
    response = VoiceResponse()
    response.say(f"Hello {name}")
    # ok: twilio-twiml-formatted
    client.calls.create(to=to, from_=OUR_NUMBER, twiml=str(response))


def call_escaped(client, to, name):
    # ok: twilio-twiml-formatted
    client.calls.create(to=to, from_=OUR_NUMBER, twiml=f"<Response><Say>Hello {escape(name)}</Say></Response>")


def thanks(client, to):
    # ok: twilio-twiml-formatted
    client.calls.create(to=to, from_=OUR_NUMBER, twiml=GREETING)
