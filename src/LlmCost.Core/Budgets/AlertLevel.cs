using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Notifications;

namespace LlmCost.Core.Budgets
{
    public enum AlertLevel
    {
        Info,
        Warning,
        Critical,
    }
}
