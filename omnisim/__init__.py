"""OmniSim: omnichannel contact-centre exercise simulator (French customer-relations exams)."""

__version__ = "0.1.0"
